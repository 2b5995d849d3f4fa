/** One checker per family of golden ops; each turns a golden file into PASS/FAIL/SKIP results. */
package dev.nn.conformance.ops;
