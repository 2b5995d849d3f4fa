/** Run reports: text summary, JSON/CSV metrics and PNG charts. */
package dev.nn.cli.report;
