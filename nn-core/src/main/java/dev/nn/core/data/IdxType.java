package dev.nn.core.data;

/** The element types of the IDX format (LeCun's MNIST files), by their code in the magic number's third byte. */
public enum IdxType {
    /** 0x08: unsigned byte. */
    UBYTE(0x08, 1),
    /** 0x09: signed byte. */
    BYTE(0x09, 1),
    /** 0x0B: big-endian 16-bit integer. */
    SHORT(0x0B, 2),
    /** 0x0C: big-endian 32-bit integer. */
    INT(0x0C, 4),
    /** 0x0D: big-endian float32. */
    FLOAT(0x0D, 4),
    /** 0x0E: big-endian float64. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int width;

    IdxType(int code, int width) {
        this.code = code;
        this.width = width;
    }

    /** {@return the type code in the magic number} */
    public int code() {
        return code;
    }

    /** {@return bytes per element} */
    public int width() {
        return width;
    }

    /**
     * @param code a magic number's third byte
     * @return the type, or null when the code is not an IDX type
     */
    static IdxType of(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
