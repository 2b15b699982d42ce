package dev.vigil.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One exchange with the daemon's HTTP endpoint over a plain socket, for what no HTTP client
 * sends: paths with dot segments or encoded slashes, oversized headers, a body announced too
 * large, a client that sends half a request and stalls.
 */
final class RawHttp {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    final int status;
    /** Header names in lower case. */
    final Map<String, String> headers;
    final String body;

    private RawHttp(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** {@code METHOD PATH} exactly as given, with these extra header lines, and the connection closed after. */
    static RawHttp request(int port, String method, String path, String... headerLines) throws IOException {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return exchange(port, req.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@link #request}, for a thread of its own: a failure is its caller's to see elsewhere. */
    static void requestQuietly(int port, String method, String path, String... headerLines) {
        try {
            request(port, method, path, headerLines);
        } catch (IOException e) {
            // the caller checks the outcome through the daemon's status
        }
    }

    /** Sends these bytes as they are and reads the answer until the server closes. */
    static RawHttp exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return parse(readAll(s.getInputStream()));
        }
    }

    /**
     * Sends the start of a request and nothing more; true when the server closes the connection
     * before {@code deadline}, false when it still holds it open then.
     */
    static boolean closesAStalledRequest(int port, String partial, Duration deadline) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) deadline.toMillis());
            s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // Whatever it says first (a 408, say), what counts is that it hangs up.
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // Reset: closed as well.
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            all.write(buf, 0, n);
        }
        return all.toByteArray();
    }

    private static RawHttp parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new RawHttp(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
    }

    String header(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    @Override
    public String toString() {
        return status + " " + headers + "\n" + body;
    }
}
