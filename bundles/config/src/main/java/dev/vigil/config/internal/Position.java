package dev.vigil.config.internal;

/** A place in a config file, 1-based, for error messages. */
record Position(int line, int column) {
    static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
