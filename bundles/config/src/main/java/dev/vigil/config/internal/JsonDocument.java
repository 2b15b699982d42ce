package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strictly parsed JSON file that remembers where each value was, so that every error
 * can name a line. Strict means: no comments, no single quotes, no trailing data, no
 * duplicate keys, valid UTF-8, bounded nesting.
 */
final class JsonDocument {
    static final int MAX_DEPTH = 64;
    private static final Pattern LOCATION = Pattern.compile("line (\\d+) column (\\d+)");

    private final String file;
    private final JsonElement root;
    private final Map<String, Position> positions;
    /** For a merged document: the overlay file of each path the overlay set. */
    private final Map<String, String> files;

    private JsonDocument(String file, JsonElement root, Map<String, Position> positions, Map<String, String> files) {
        this.file = file;
        this.root = root;
        this.positions = positions;
        this.files = files;
    }

    JsonElement root() {
        return root;
    }

    /** Where the value at {@code path} starts, or where its nearest parent does. */
    Position positionOf(String path) {
        String p = path;
        while (true) {
            Position found = positions.get(p);
            if (found != null || p.isEmpty()) {
                return found == null ? Position.UNKNOWN : found;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    String file() {
        return file;
    }

    /** The file the value at {@code path} came from: an overlay's, or this document's own. */
    String fileOf(String path) {
        String p = path;
        while (true) {
            String found = files.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return file;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /**
     * The base document with the overlay laid over it: objects are merged key by key, any
     * other value of the overlay replaces the base's, and {@code null} removes a key.
     * Every value keeps the file and line it came from.
     */
    static JsonDocument merge(JsonDocument base, JsonDocument overlay) {
        Map<String, Position> positions = new HashMap<>(base.positions);
        Map<String, String> files = new HashMap<>(base.files);
        JsonElement root = base.root.deepCopy();
        if (root.isJsonObject() && overlay.root.isJsonObject()) {
            mergeInto(root.getAsJsonObject(), overlay.root.getAsJsonObject(), "", overlay, positions, files);
        } else {
            root = overlay.root.deepCopy();
            take("", overlay, positions, files);
        }
        return new JsonDocument(base.file, root, positions, files);
    }

    private static void mergeInto(JsonObject target, JsonObject over, String path, JsonDocument overlay,
                                  Map<String, Position> positions, Map<String, String> files) {
        for (Map.Entry<String, JsonElement> e : over.entrySet()) {
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonElement mine = target.get(e.getKey());
            if (e.getValue().isJsonNull()) {
                target.remove(e.getKey());
                drop(child, positions, files);
            } else if (mine != null && mine.isJsonObject() && e.getValue().isJsonObject()) {
                mergeInto(mine.getAsJsonObject(), e.getValue().getAsJsonObject(), child, overlay, positions, files);
            } else {
                target.add(e.getKey(), e.getValue().deepCopy());
                drop(child, positions, files);
                take(child, overlay, positions, files);
            }
        }
    }

    private static void take(String path, JsonDocument from, Map<String, Position> positions, Map<String, String> files) {
        from.positions.forEach((p, at) -> {
            if (under(p, path)) {
                positions.put(p, at);
            }
        });
        files.put(path, from.fileOf(path));
    }

    private static void drop(String path, Map<String, Position> positions, Map<String, String> files) {
        positions.keySet().removeIf(p -> under(p, path));
        files.keySet().removeIf(p -> under(p, path));
    }

    private static boolean under(String p, String path) {
        return path.isEmpty() || p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "[");
    }

    static JsonDocument parse(String file, byte[] bytes) throws ConfigException {
        String text = decode(file, bytes);
        if (text.isBlank()) {
            throw problem(file, Position.UNKNOWN, "the file is empty; it needs at least {\"services\": {...}}");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        Map<String, Position> positions = new HashMap<>();
        try {
            JsonElement root = read(reader, "", 0, positions, file);
            if (!atEnd(reader)) {
                throw problem(file, where(reader), "unexpected data after the end of the top-level object");
            }
            return new JsonDocument(file, root, positions, Map.of());
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            Position at = where(e.getMessage(), reader);
            String said = plain(e.getMessage());
            throw problem(file, at, "invalid JSON: " + (said.isEmpty() ? strictSlip(text, at) : explain(said)));
        }
    }

    // A strict reader refuses any data after the document instead of returning a token.
    private static boolean atEnd(JsonReader reader) throws IOException {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            return false;
        }
    }

    private static JsonElement read(JsonReader reader, String path, int depth,
                                    Map<String, Position> positions, String file)
            throws IOException, ConfigException {
        if (depth > MAX_DEPTH) {
            throw problem(file, where(reader), "nesting deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = reader.peek();
        positions.putIfAbsent(path, where(reader));
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    positions.put(child, where(reader));
                    if (object.has(name)) {
                        throw problem(file, where(reader), "duplicate key \"" + name + "\""
                                + (path.isEmpty() ? "" : " in " + path) + "; keep only one of them");
                    }
                    object.add(name, read(reader, child, depth + 1, positions, file));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY: {
                JsonArray array = new JsonArray();
                reader.beginArray();
                for (int i = 0; reader.hasNext(); i++) {
                    String child = path + "[" + i + "]";
                    positions.put(child, where(reader));
                    array.add(read(reader, child, depth + 1, positions, file));
                }
                reader.endArray();
                return array;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw problem(file, where(reader), "unexpected " + token);
        }
    }

    private static String decode(String file, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int offset = firstInvalidByte(bytes);
            throw problem(file, lineOf(bytes, offset),
                    "not valid UTF-8 (byte " + offset + "); save the file as UTF-8");
        }
    }

    private static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private static Position lineOf(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }

    private static Position where(JsonReader reader) {
        return where(reader.toString(), reader);
    }

    private static Position where(String text, JsonReader reader) {
        Matcher m = LOCATION.matcher(text == null ? "" : text);
        if (!m.find()) {
            m = LOCATION.matcher(reader.toString());
            if (!m.find()) {
                return Position.UNKNOWN;
            }
        }
        return new Position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Gson's message without its location suffix and troubleshooting link, which we report ourselves. */
    private static String plain(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = message;
        int at = m.indexOf(" at line ");
        if (at > 0) {
            m = m.substring(0, at);
        }
        int see = m.indexOf("\nSee ");
        if (see > 0) {
            m = m.substring(0, see);
        }
        m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "").trim();
        return m;
    }

    /**
     * What strict JSON refused, when Gson does not say: read from the text around the place
     * (Gson's column points just past the offending character).
     */
    static String strictSlip(String text, Position at) {
        String[] lines = text.split("\n", -1);
        if (at.line() < 1 || at.line() > lines.length) {
            return "not strict JSON (a comment, single quotes, a trailing comma or an unquoted word?)";
        }
        String line = lines[at.line() - 1];
        int i = Math.max(0, Math.min(line.length() - 1, at.column() - 2));
        char c = line.isEmpty() ? ' ' : line.charAt(i);
        if ((Character.isWhitespace(c) || ":,[{".indexOf(c) >= 0) && i + 1 < line.length()) {
            c = line.charAt(++i); // a value token: Gson points at its first character
        }
        String before = (String.join("\n", java.util.Arrays.asList(lines).subList(0, at.line() - 1)) + "\n"
                + line.substring(0, Math.min(i, line.length()))).stripTrailing();
        if (c == '/' || c == '#') {
            return "a comment; JSON has none, remove it";
        }
        if (c == '\'') {
            return "single quotes; JSON strings take double quotes";
        }
        if ((c == ']' || c == '}') && before.endsWith(",")) {
            return "a trailing comma before '" + c + "'; remove it";
        }
        if (Character.isDigit(c) && before.endsWith("0") || c == '0' && i + 1 < line.length()
                && Character.isDigit(line.charAt(i + 1))) {
            return "a number with a leading zero; write it without";
        }
        if (Character.isLetter(c) || c == '_') {
            return "an unquoted word; put strings in double quotes (true, false and null are lowercase)";
        }
        return "not strict JSON (a comment, single quotes, a trailing comma or an unquoted word?)";
    }

    /** Gson's words for the usual slips, said the way a person fixing the file needs them. */
    private static String explain(String m) {
        return switch (m) {
            case "Unterminated object" -> "expected ',' or '}' here (a comma missing after the previous value?)";
            case "Unterminated array" -> "expected ',' or ']' here (a comma missing after the previous item?)";
            case "Expected name" -> "expected a key in double quotes here (a trailing comma before '}'?)";
            case "Expected value" -> "expected a value here (a trailing comma before ']' or a missing value?)";
            case "Unterminated string" -> "a string is not closed with '\"'";
            case "Expected ':'" -> "expected ':' between a key and its value";
            case "End of input" -> "the file ends before the JSON does (cut short? a '}' or ']' missing?)";
            default -> m;
        };
    }

    static ConfigException problem(String file, Position at, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, at, "", message)));
    }
}
