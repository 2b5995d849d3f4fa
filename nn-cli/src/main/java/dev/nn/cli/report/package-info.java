/** Run reports: text summary, JSON/CSV metrics and PNG charts, each file written atomically. */
package dev.nn.cli.report;
