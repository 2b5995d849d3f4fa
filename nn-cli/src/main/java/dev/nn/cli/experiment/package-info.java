/**
 * {@code nn experiment NAME}: the classic demonstrations of the techniques nn implements, run on real data (the
 * bundled Fashion-MNIST images, d2l's polynomial, a small table of people), each printing its numbers and writing a
 * report folder (summary, JSON results, PNG charts). Each experiment is a class with a small configuration record
 * and a result record, so tests assert the claims on the numbers, not on the printed text.
 */
package dev.nn.cli.experiment;
