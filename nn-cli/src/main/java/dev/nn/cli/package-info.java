/** The {@code nn} command and its subcommands (picocli). */
package dev.nn.cli;
