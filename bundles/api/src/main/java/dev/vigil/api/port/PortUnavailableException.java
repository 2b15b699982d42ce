package dev.vigil.api.port;

/** No port could be given: the preferred one and every one of its range are taken. */
public class PortUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortUnavailableException(String message) {
        super(message);
    }
}
