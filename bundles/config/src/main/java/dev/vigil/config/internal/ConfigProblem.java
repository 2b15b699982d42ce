package dev.vigil.config.internal;

/**
 * One thing wrong with a config file, located by JSON path and file position.
 *
 * @param file     file name as the user gave it
 * @param position where in the file, or {@link Position#UNKNOWN}
 * @param path     JSON path such as {@code services.api.command}, or empty for the whole file
 * @param message  what was expected, what was found, and how to fix it
 */
public record ConfigProblem(String file, Position position, String path, String message) {
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(file);
        if (position.line() > 0) {
            line.append(':').append(position.line()).append(':').append(position.column());
        }
        line.append(": ");
        if (!path.isEmpty()) {
            line.append(path).append(": ");
        }
        return line.append(message).toString();
    }
}
