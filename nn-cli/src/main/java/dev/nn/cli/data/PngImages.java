package dev.nn.cli.data;

import dev.nn.api.NnException;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a folder of PNG images (PNG specification, ISO/IEC 15948) into samples of shape {@code (C, H, W)} with
 * pixels scaled to [0, 1] by {@code / 255}, as the IDX reader scales them: 8-bit grayscale gives one channel, 8-bit
 * RGB three; an alpha channel is dropped. Interlaced, palette and 16-bit images are refused with the fix, and so is
 * JPEG: decoding it needs {@code java.desktop}, which nn does not use. Every image must have the same size.
 */
public final class PngImages {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** More pixels than this in one image is not a sample for these models, but a hostile or wrong file. */
    private static final long MAX_PIXELS = 1L << 24;

    private PngImages() {
    }

    /**
     * The images of a folder, in file-name order.
     *
     * @param data the samples (labels 0)
     * @param names each sample's file name
     */
    public record Folder(Dataset data, List<String> names) {
    }

    /**
     * {@return the folder's {@code *.png} files as samples}
     *
     * @param dir a folder of PNG images
     * @throws NnException naming the file and what is wrong with it
     */
    public static Folder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new NnException("--images " + dir + " is not a folder; pass a folder of PNG images");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        List<Path> pngs = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                pngs.add(f);
            } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                throw new NnException(f + ": JPEG is not read (decoding it needs java.desktop, which nn does not "
                        + "use); convert the images to PNG, e.g. with ImageMagick: mogrify -format png *.jpg");
            }
        }
        if (pngs.isEmpty()) {
            throw new NnException("--images " + dir + " holds no .png files");
        }
        List<String> names = new ArrayList<>();
        Shape shape = null;
        float[] all = null;
        for (int i = 0; i < pngs.size(); i++) {
            Path f = pngs.get(i);
            Image image;
            try {
                image = decode(Files.readAllBytes(f), f.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f, e);
            }
            if (shape == null) {
                shape = image.shape();
                all = new float[Math.multiplyExact(pngs.size(), shape.size())];
            } else if (!shape.equals(image.shape())) {
                throw new NnException(f + " has shape " + image.shape() + " (channels, height, width) but "
                        + pngs.getFirst() + " has " + shape + "; every image must have the same size and channels");
            }
            System.arraycopy(image.pixels(), 0, all, i * shape.size(), shape.size());
            names.add(f.getFileName().toString());
        }
        return new Folder(new Dataset(all, shape, new float[pngs.size()]), names);
    }

    /**
     * One decoded image.
     *
     * @param shape {@code (C, H, W)}
     * @param pixels channel-major values in [0, 1]
     */
    record Image(Shape shape, float[] pixels) {
    }

    /**
     * {@return the image}
     *
     * @param png the file's bytes
     * @param source the file, for messages
     */
    static Image decode(byte[] png, String source) {
        ByteBuffer in = ByteBuffer.wrap(png);
        if (png.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, SIGNATURE.length), SIGNATURE)) {
            throw new NnException(source + " is not a PNG file (its signature is missing)");
        }
        in.position(SIGNATURE.length);
        int width = 0;
        int height = 0;
        int colourType = -1;
        var idat = new ByteArrayOutputStream();
        boolean ended = false;
        while (!ended) {
            if (in.remaining() < 12) {
                throw new NnException(source + " is truncated: it ends before its IEND chunk");
            }
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            if (length < 0 || length > in.remaining() - 4) {
                throw new NnException(source + " is damaged: chunk " + new String(type, StandardCharsets.ISO_8859_1)
                        + " claims " + Integer.toUnsignedString(length) + " bytes, more than the file has");
            }
            byte[] data = new byte[length];
            in.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            if ((int) crc.getValue() != in.getInt()) {
                throw new NnException(source + " is damaged: a chunk's CRC does not match its bytes");
            }
            switch (new String(type, StandardCharsets.ISO_8859_1)) {
                case "IHDR" -> {
                    ByteBuffer h = ByteBuffer.wrap(data);
                    width = h.getInt();
                    height = h.getInt();
                    int depth = h.get();
                    colourType = h.get();
                    h.get();   // compression: 0 is the only method
                    h.get();   // filter method: 0 is the only one
                    int interlace = h.get();
                    if (depth != 8 || !(colourType == 0 || colourType == 2 || colourType == 4 || colourType == 6)
                            || interlace != 0) {
                        throw new NnException(source + ": only 8-bit grayscale or RGB(A) PNGs without interlacing "
                                + "are read, this one has bit depth " + depth + ", colour type " + colourType
                                + ", interlace " + interlace + "; save it as 8-bit grayscale or RGB");
                    }
                    if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
                        throw new NnException(source + " is " + Integer.toUnsignedString(width) + "x"
                                + Integer.toUnsignedString(height) + " pixels; expected 1 to " + MAX_PIXELS
                                + " pixels");
                    }
                }
                case "IDAT" -> idat.writeBytes(data);
                case "IEND" -> ended = true;
                default -> {
                    // ancillary chunks (gamma, text, ...) do not change the pixel values read here
                }
            }
        }
        if (colourType < 0) {
            throw new NnException(source + " is damaged: it has no IHDR chunk");
        }
        int samplesPerPixel = switch (colourType) {
            case 0 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
        int stride = width * samplesPerPixel;
        byte[] raw = inflate(idat.toByteArray(), height * (stride + 1), source);
        byte[] rows = unfilter(raw, height, stride, samplesPerPixel, source);
        int channels = colourType == 0 || colourType == 4 ? 1 : 3;
        float[] pixels = new float[channels * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    pixels[(c * height + y) * width + x] = (rows[y * stride + x * samplesPerPixel + c] & 0xFF) / 255f;
                }
            }
        }
        return new Image(Shape.of(channels, height, width), pixels);
    }

    private static byte[] inflate(byte[] compressed, int expected, String source) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inflater.finished()) {
                int got = inflater.inflate(out, n, expected - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != expected) {
                throw new NnException(source + " is damaged: its image data holds " + n + " bytes, its header "
                        + "promises " + expected);
            }
            return out;
        } catch (DataFormatException e) {
            throw new NnException(source + " is damaged: its image data is not valid zlib (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** Undoes the per-row filters (None, Sub, Up, Average, Paeth); returns the rows without their filter bytes. */
    private static byte[] unfilter(byte[] raw, int height, int stride, int bpp, String source) {
        byte[] out = new byte[height * stride];
        for (int y = 0; y < height; y++) {
            int filter = raw[y * (stride + 1)];
            int in = y * (stride + 1) + 1;
            int row = y * stride;
            for (int i = 0; i < stride; i++) {
                int a = i >= bpp ? out[row + i - bpp] & 0xFF : 0;
                int b = y > 0 ? out[row - stride + i] & 0xFF : 0;
                int c = i >= bpp && y > 0 ? out[row - stride + i - bpp] & 0xFF : 0;
                int predictor = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    case 4 -> paeth(a, b, c);
                    default -> throw new NnException(source + " is damaged: row " + y + " has filter type " + filter
                            + ", PNG has 0 to 4");
                };
                out[row + i] = (byte) (raw[in + i] + predictor);
            }
        }
        return out;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
