package dev.nn.core.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs a reader of outside bytes must survive, for the property tests of docs/fuzzing.md: arbitrary bytes and
 * text, and valid files damaged the ways files get damaged or forged — bit flips, truncation, inserted, deleted or
 * repeated bytes, and size fields overwritten with extreme values. A damaged file is a valid one with one to four
 * mutations, each placed at a fraction of the current length so that mutations chain.
 */
public final class HostileBytes {
    /** Values a forged size or count field holds: zero, one, the signed and unsigned limits of every width. */
    private static final List<Long> EXTREMES = List.of(0L, 1L, -1L, 0x7fL, 0x80L, 0xffL, 0x7fffL, 0x8000L, 0xffffL,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40);

    private HostileBytes() {
    }

    /**
     * {@return an arbitrary byte string of up to 512 bytes}
     *
     * @param r the try's random source
     */
    public static byte[] any(SplittableRandom r) {
        return bytes(r, Fuzz.size(r, 512));
    }

    /**
     * {@return arbitrary text of up to 256 characters: each half the time any UTF-16 unit (unpaired surrogates
     * included), otherwise ASCII from the line feed up, which holds the syntax of every text format nn reads}
     *
     * @param r the try's random source
     */
    public static String anyText(SplittableRandom r) {
        return text(r, Fuzz.size(r, 256));
    }

    /**
     * {@return {@code n} characters, each half the time any UTF-16 unit, otherwise ASCII from the line feed up}
     *
     * @param r the try's random source
     * @param n how many
     */
    public static String text(SplittableRandom r, int n) {
        char[] text = new char[n];
        for (int i = 0; i < n; i++) {
            text[i] = (char) (r.nextBoolean() ? r.nextInt(0x10000) : r.nextInt('\n', 0x7f));
        }
        return new String(text);
    }

    /**
     * {@return {@code n} random bytes}
     *
     * @param r the try's random source
     * @param n how many
     */
    public static byte[] bytes(SplittableRandom r, int n) {
        byte[] out = new byte[n];
        r.nextBytes(out);
        return out;
    }

    /**
     * {@return one of the files, damaged by one to four mutations}
     *
     * @param r the try's random source
     * @param valid files the reader accepts
     */
    public static byte[] damaged(SplittableRandom r, List<byte[]> valid) {
        byte[] out = Fuzz.oneOf(r, valid);
        for (int mutations = 1 + r.nextInt(4); mutations > 0; mutations--) {
            out = mutation(r).apply(out);
        }
        return out;
    }

    /** {@return a single mutation, each kind as likely} */
    static Mutation mutation(SplittableRandom r) {
        // the first and last byte an eighth of the time each: headers and trailers are where size fields sit
        double at = switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> r.nextDouble();
        };
        return switch (r.nextInt(6)) {
            case 0 -> new Mutation.FlipBit(at, r.nextInt(8));
            case 1 -> new Mutation.Truncate(at);
            case 2 -> new Mutation.Insert(at, bytes(r, 1 + r.nextInt(16)));
            case 3 -> new Mutation.Delete(at, 1 + r.nextInt(64));
            case 4 -> new Mutation.Repeat(at, 1 + r.nextInt(64), 1 + r.nextInt(8));
            default -> new Mutation.Overwrite(at, Fuzz.oneOf(r, List.of(1, 2, 4, 8)),
                    r.nextBoolean() ? Fuzz.oneOf(r, EXTREMES) : r.nextLong(), r.nextBoolean());
        };
    }

    /** One change to a file; positions are fractions of its length, so they fit any file. */
    sealed interface Mutation {
        byte[] apply(byte[] file);

        /** The byte index a fraction of the length falls on, for a file of {@code n} bytes. */
        static int index(double at, int n) {
            return Math.min(n, (int) (at * n));
        }

        /** One bit flipped. */
        record FlipBit(double at, int bit) implements Mutation {
            public byte[] apply(byte[] file) {
                if (file.length == 0) {
                    return file;
                }
                byte[] out = file.clone();
                out[Math.min(file.length - 1, index(at, file.length))] ^= (byte) (1 << bit);
                return out;
            }
        }

        /** The file cut short, as by an interrupted download or copy. */
        record Truncate(double at) implements Mutation {
            public byte[] apply(byte[] file) {
                return Arrays.copyOf(file, index(at, file.length));
            }
        }

        /** Bytes inserted. */
        record Insert(double at, byte[] bytes) implements Mutation {
            public byte[] apply(byte[] file) {
                int i = index(at, file.length);
                byte[] out = new byte[file.length + bytes.length];
                System.arraycopy(file, 0, out, 0, i);
                System.arraycopy(bytes, 0, out, i, bytes.length);
                System.arraycopy(file, i, out, i + bytes.length, file.length - i);
                return out;
            }
        }

        /** Bytes removed. */
        record Delete(double at, int length) implements Mutation {
            public byte[] apply(byte[] file) {
                int i = index(at, file.length);
                int n = Math.min(length, file.length - i);
                byte[] out = new byte[file.length - n];
                System.arraycopy(file, 0, out, 0, i);
                System.arraycopy(file, i + n, out, i, file.length - i - n);
                return out;
            }
        }

        /** A slice repeated, which deepens nesting or multiplies records and fields. */
        record Repeat(double at, int length, int times) implements Mutation {
            public byte[] apply(byte[] file) {
                int i = index(at, file.length);
                byte[] slice = Arrays.copyOfRange(file, i, Math.min(file.length, i + length));
                byte[] out = Arrays.copyOf(file, file.length + slice.length * times);
                for (int k = 0; k < times; k++) {
                    System.arraycopy(slice, 0, out, i + slice.length * (k + 1), slice.length);
                }
                System.arraycopy(file, i + slice.length, out, i + slice.length * (times + 1),
                        file.length - i - slice.length);
                return out;
            }
        }

        /** A size or count field of 1, 2, 4 or 8 bytes forged to an extreme value, in either byte order. */
        record Overwrite(double at, int width, long value, boolean bigEndian) implements Mutation {
            public byte[] apply(byte[] file) {
                int i = Math.min(index(at, file.length), Math.max(0, file.length - width));
                int n = Math.min(width, file.length - i);
                byte[] field = ByteBuffer.allocate(8).order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN
                        : java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
                int from = bigEndian ? 8 - width : 0;  // the low `width` bytes of the value
                byte[] out = file.clone();
                System.arraycopy(field, from, out, i, n);
                return out;
            }
        }
    }
}
