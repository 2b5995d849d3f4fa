package dev.nn.cli.report;

/**
 * An opaque RGB picture in memory and the few drawing operations charts need: filled rectangles, blended
 * rectangles, anti-aliased thick lines and dots. Drawing outside the picture is clipped.
 */
final class Raster {
    private final int width;
    private final int height;
    private final int[] rgb;

    /**
     * A white picture.
     *
     * @param width pixels across, at least 1
     * @param height pixels down, at least 1
     */
    Raster(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a raster needs at least 1x1 pixels, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
        java.util.Arrays.fill(rgb, 0xFFFFFF);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** {@return the colour at (x, y) as 0xRRGGBB} */
    int get(int x, int y) {
        return rgb[y * width + x];
    }

    /** Paints the rectangle at (x, y) of size w x h with {@code colour}. */
    void fill(int x, int y, int w, int h, int colour) {
        blend(x, y, w, h, colour, 1);
    }

    /** Mixes {@code colour} into the rectangle at (x, y) of size w x h, {@code alpha} of it (0..1) over what is there. */
    void blend(int x, int y, int w, int h, int colour, double alpha) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        for (int py = y0; py < y1; py++) {
            for (int px = x0; px < x1; px++) {
                mix(px, py, colour, alpha);
            }
        }
    }

    /** Outlines the rectangle at (x, y) of size w x h one pixel wide. */
    void outline(int x, int y, int w, int h, int colour) {
        fill(x, y, w, 1, colour);
        fill(x, y + h - 1, w, 1, colour);
        fill(x, y, 1, h, colour);
        fill(x + w - 1, y, 1, h, colour);
    }

    /**
     * Draws a line of the given thickness with soft edges: a pixel is covered by how far its centre lies from the
     * segment, so slopes look smooth rather than stepped.
     */
    void line(double x0, double y0, double x1, double y1, double thickness, int colour) {
        double half = thickness / 2;
        int left = (int) Math.floor(Math.min(x0, x1) - half - 1);
        int right = (int) Math.ceil(Math.max(x0, x1) + half + 1);
        int top = (int) Math.floor(Math.min(y0, y1) - half - 1);
        int bottom = (int) Math.ceil(Math.max(y0, y1) + half + 1);
        double dx = x1 - x0;
        double dy = y1 - y0;
        double lengthSquared = dx * dx + dy * dy;
        for (int py = Math.max(0, top); py <= Math.min(height - 1, bottom); py++) {
            for (int px = Math.max(0, left); px <= Math.min(width - 1, right); px++) {
                double cx = px + 0.5;
                double cy = py + 0.5;
                double t = lengthSquared == 0 ? 0 : ((cx - x0) * dx + (cy - y0) * dy) / lengthSquared;
                t = Math.max(0, Math.min(1, t));
                double distance = Math.hypot(cx - (x0 + t * dx), cy - (y0 + t * dy));
                double coverage = Math.min(1, half + 0.5 - distance);
                if (coverage > 0) {
                    mix(px, py, colour, coverage);
                }
            }
        }
    }

    /** Draws a filled dot of the given radius centred on (x, y), with soft edges. */
    void dot(double x, double y, double radius, int colour) {
        line(x, y, x, y, 2 * radius, colour);
    }

    /** {@return the pixels, row by row from the top, as 0xRRGGBB} */
    int[] pixels() {
        return rgb.clone();
    }

    private void mix(int x, int y, int colour, double alpha) {
        int i = y * width + x;
        if (alpha >= 1) {
            rgb[i] = colour & 0xFFFFFF;
            return;
        }
        int old = rgb[i];
        int r = channel(old >> 16, colour >> 16, alpha);
        int g = channel(old >> 8, colour >> 8, alpha);
        int b = channel(old, colour, alpha);
        rgb[i] = r << 16 | g << 8 | b;
    }

    private static int channel(int under, int over, double alpha) {
        return (int) Math.round((under & 0xFF) * (1 - alpha) + (over & 0xFF) * alpha);
    }
}
