/** Exceptions shared by every nn module. */
package dev.nn.api;
