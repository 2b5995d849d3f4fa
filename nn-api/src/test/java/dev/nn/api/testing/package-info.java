/** Test support shared by the discovery tests of several packages: a module layer of test plugins. */
package dev.nn.api.testing;
