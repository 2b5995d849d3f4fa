package dev.nn.cli.report;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a {@link Raster} as a PNG file (8-bit RGB, no interlacing; PNG specification, ISO/IEC 15948): the
 * signature, then IHDR, one zlib-compressed IDAT and IEND, each chunk with its CRC-32. Rows use the 'Up' filter
 * (each byte minus the one above it), which turns a chart's long runs of equal rows into zeros that deflate well.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOUR_TYPE_RGB = 2;
    private static final int FILTER_UP = 2;

    private PngEncoder() {
    }

    /** {@return the PNG bytes of {@code raster}} */
    static byte[] encode(Raster raster) {
        int w = raster.width();
        int h = raster.height();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(w).putInt(h).put((byte) 8).put((byte) COLOUR_TYPE_RGB).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", header.array());
        chunk(out, "IDAT", deflate(scanlines(raster)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Each row: its filter type byte, then R, G, B per pixel minus the same byte of the row above (0 above row 0). */
    private static byte[] scanlines(Raster raster) {
        int w = raster.width();
        int h = raster.height();
        int[] pixels = raster.pixels();
        int stride = 1 + 3 * w;
        byte[] data = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            data[y * stride] = FILTER_UP;
            for (int x = 0; x < w; x++) {
                int p = pixels[y * w + x];
                int above = y == 0 ? 0 : pixels[(y - 1) * w + x];
                int at = y * stride + 1 + 3 * x;
                data[at] = (byte) ((p >> 16) - (above >> 16));
                data[at + 1] = (byte) ((p >> 8) - (above >> 8));
                data[at + 2] = (byte) (p - above);
            }
        }
        return data;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
