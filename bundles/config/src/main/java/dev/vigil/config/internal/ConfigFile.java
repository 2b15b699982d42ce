package dev.vigil.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a config file's bytes after looking at what it is: a folder, a FIFO, a device or a
 * file over {@link ConfigReader#MAX_BYTES} is refused before a byte is read, so that a wrong
 * {@code -c} neither blocks the reader (a FIFO with no writer) nor fills the heap ({@code /dev/zero}).
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static byte[] read(Path file) throws ConfigException {
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw JsonDocument.problem(name, Position.UNKNOWN, "no such file; give an existing config with -c FILE");
        } catch (IOException e) {
            throw JsonDocument.problem(name, Position.UNKNOWN, "cannot read the file: " + e);
        }
        if (attributes.isDirectory()) {
            throw JsonDocument.problem(name, Position.UNKNOWN, "is a directory, not a config file; give the file"
                    + " inside it, e.g. " + file.resolve("vigil.json"));
        }
        if (!attributes.isRegularFile()) {
            throw JsonDocument.problem(name, Position.UNKNOWN, "is " + kind(file) + ", not a regular file; a config"
                    + " is a JSON file, give its path");
        }
        if (attributes.size() > ConfigReader.MAX_BYTES) {
            throw tooBig(name, attributes.size());
        }
        // The size can change, or be 0 for files the kernel makes up: never read more than the limit.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) ConfigReader.MAX_BYTES + 1);
            if (bytes.length > ConfigReader.MAX_BYTES) {
                throw tooBig(name, bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw JsonDocument.problem(name, Position.UNKNOWN, "cannot read the file: " + e);
        }
    }

    private static ConfigException tooBig(String name, long size) {
        return JsonDocument.problem(name, Position.UNKNOWN, "the file is " + size + " bytes, more than the "
                + ConfigReader.MAX_BYTES + " a config may have; is it the right file?");
    }

    /** What a file that is not regular is, in words, from its POSIX file type. */
    private static String kind(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }
}
