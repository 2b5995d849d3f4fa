package dev.nn.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs a reader of outside bytes must survive, for the property tests of docs/fuzzing.md: arbitrary bytes, and
 * valid files damaged the ways files get damaged or forged — bit flips, truncation, inserted, deleted or repeated
 * bytes, and size fields overwritten with extreme values. A damaged file is a valid one with one to four mutations,
 * each placed at a fraction of the current length so that mutations chain and shrink towards the valid file.
 */
public final class HostileBytes {
    /** Values a forged size or count field holds: zero, one, the signed and unsigned limits of every width. */
    private static final List<Long> EXTREMES = List.of(0L, 1L, -1L, 0x7fL, 0x80L, 0xffL, 0x7fffL, 0x8000L, 0xffffL,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40);

    private HostileBytes() {
    }

    /** {@return arbitrary byte strings up to 512 bytes} */
    public static Arbitrary<byte[]> any() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
    }

    /**
     * {@return one of the files, damaged by one to four mutations}
     *
     * @param valid files the reader accepts
     */
    public static Arbitrary<byte[]> damaged(List<byte[]> valid) {
        return Combinators.combine(Arbitraries.of(valid), mutation().list().ofMinSize(1).ofMaxSize(4))
                .as((file, mutations) -> {
                    byte[] out = file;
                    for (Mutation m : mutations) {
                        out = m.apply(out);
                    }
                    return out;
                });
    }

    /** {@return single mutations, of every kind} */
    static Arbitrary<Mutation> mutation() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(Mutation.FlipBit::new),
                at.map(Mutation.Truncate::new),
                Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                        .as(Mutation.Insert::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 64)).as(Mutation.Delete::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 64), Arbitraries.integers().between(1, 8))
                        .as(Mutation.Repeat::new),
                Combinators.combine(at, Arbitraries.of(1, 2, 4, 8), Arbitraries.oneOf(Arbitraries.of(EXTREMES),
                        Arbitraries.longs()), Arbitraries.of(true, false)).as(Mutation.Overwrite::new));
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
