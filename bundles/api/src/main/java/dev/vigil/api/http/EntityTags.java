package dev.vigil.api.http;

import java.util.zip.CRC32;

/**
 * Entity tags (RFC 9110 section 8.8.3) for bodies that are rendered once and sent to many
 * clients: {@code /health}, {@code /metrics}. A tag is strong, built from the bytes' CRC-32
 * and length, so two renderings with the same content get the same tag.
 */
public final class EntityTags {
    private EntityTags() {
    }

    /** The strong tag of {@code body}, quotes included. */
    public static String of(byte[] body) {
        return of(body, body.length);
    }

    /** The strong tag of the first {@code length} bytes of {@code buffer} (a body in a buffer kept for reuse). */
    public static String of(byte[] buffer, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer, 0, length);
        return "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(length) + "\"";
    }

    /** {@code tag} (as {@link #of} makes it) with {@code suffix} inside its quotes: the tag of another coding of the same body. */
    public static String variant(String tag, String suffix) {
        return tag.substring(0, tag.length() - 1) + "-" + suffix + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header value names {@code tag}: "*", or a comma-separated
     * list of tags, compared weakly (a {@code W/} prefix is ignored) as the RFC asks for this
     * header. A value that is absent or does not parse matches nothing, so the body is sent.
     */
    public static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String value = ifNoneMatch.trim();
        if (value.equals("*")) {
            return true;
        }
        String wanted = opaque(tag);
        for (String part : value.split(",")) {
            String candidate = part.trim();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.length() >= 2 && candidate.startsWith("\"") && candidate.endsWith("\"")
                    && opaque(candidate).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.substring(1, t.length() - 1);
    }
}
