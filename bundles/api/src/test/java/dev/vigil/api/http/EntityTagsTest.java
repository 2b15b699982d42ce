package dev.vigil.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntityTagsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesSameTagOtherBytesOtherTag() {
        String a = EntityTags.of(bytes("{\"status\":\"pass\"}\n"));
        assertEquals(a, EntityTags.of(bytes("{\"status\":\"pass\"}\n")));
        assertNotEquals(a, EntityTags.of(bytes("{\"status\":\"fail\"}\n")));
        assertTrue(a.startsWith("\"") && a.endsWith("\""), a);
    }

    @Test
    void variantStaysQuotedAndDiffers() {
        String a = EntityTags.of(bytes("x"));
        String gz = EntityTags.variant(a, "gz");
        assertTrue(gz.endsWith("-gz\""), gz);
        assertFalse(EntityTags.matches(a, gz));
        assertTrue(EntityTags.matches(gz, gz));
    }

    @Test
    void ifNoneMatchForms() {
        String tag = EntityTags.of(bytes("body"));
        assertTrue(EntityTags.matches(tag, tag));
        assertTrue(EntityTags.matches("*", tag));
        assertTrue(EntityTags.matches(" * ", tag));
        assertTrue(EntityTags.matches("\"other\", " + tag, tag), "a list naming it");
        assertTrue(EntityTags.matches("W/" + tag, tag), "weak comparison");
        assertFalse(EntityTags.matches(null, tag));
        assertFalse(EntityTags.matches("", tag));
        assertFalse(EntityTags.matches("\"other\"", tag));
        assertFalse(EntityTags.matches(tag.substring(1, tag.length() - 1), tag), "unquoted does not parse");
        assertFalse(EntityTags.matches("\"", tag));
    }
}
