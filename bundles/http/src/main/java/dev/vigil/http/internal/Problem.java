package dev.vigil.http.internal;

import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The one shape of every error the endpoint answers: a JSON object with the status, its
 * reason phrase and a message that says what was wrong and what to do. Never a trace.
 */
final class Problem {
    static final String JSON = "application/json;charset=utf-8";

    private Problem() {
    }

    static String json(int status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        String reason = HttpStatus.getMessage(status);
        o.addProperty("error", reason == null ? "Error" : reason);
        o.addProperty("message", message);
        return o.toString() + "\n";
    }

    /** Sends the error unless the response was committed already (then there is nothing left to say). */
    static void send(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setHeader("Cache-Control", "no-store");
        byte[] body = json(status, message).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The message for an error Jetty or the whiteboard raised on its own, by status. */
    static String describe(int status, String detail, String path) {
        String where = path == null ? "" : " (" + path + ")";
        return switch (status) {
            case 400 -> "bad request" + where + (detail == null || detail.isBlank() || detail.equals("Bad Request")
                    ? "" : ": " + detail) + "; the path may not hold '..' segments, encoded dots or encoded slashes";
            case 404 -> "nothing is served at " + (path == null ? "this path" : path) + "; see GET / for the endpoints";
            case 405 -> "this method is not allowed" + where;
            case 408 -> "the request was not completed within " + HttpEndpoint.IDLE_TIMEOUT.toSeconds() + " s";
            case 411 -> "a request body needs a Content-Length";
            case 413 -> "the request body is larger than " + RequestLimits.MAX_BODY + " bytes" + where;
            case 414 -> "the request URI is too long; keep it under " + HttpEndpoint.HEADER_LIMIT + " bytes";
            case 431 -> "the request's headers are larger than " + HttpEndpoint.HEADER_LIMIT + " bytes; send fewer or shorter ones";
            case 500 -> "internal error" + where + "; the daemon's log (logs/vigil.log) says more";
            case 503 -> "not available right now" + where + (detail == null || detail.isBlank() ? "" : ": " + detail);
            default -> (detail == null || detail.isBlank() ? "request refused" : detail) + where;
        };
    }
}
