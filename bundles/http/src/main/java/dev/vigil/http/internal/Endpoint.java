package dev.vigil.http.internal;

import com.google.gson.JsonElement;
import dev.vigil.api.http.EntityTags;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every servlet of this bundle shares: one method it answers (GET, with HEAD, or POST),
 * 405 with {@code Allow} for the others (TRACE and OPTIONS included), and any failure turned
 * into a JSON 500 whose detail goes to the log, never to the client.
 */
abstract class Endpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    private final String method;

    Endpoint(String method) {
        this.method = method;
    }

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String m = req.getMethod();
        if (!m.equals(method) && !(m.equals("HEAD") && method.equals("GET"))) {
            String allow = method.equals("GET") ? "GET, HEAD" : method;
            resp.setHeader("Allow", allow);
            Problem.send(resp, 405, m + " is not allowed on " + req.getRequestURI() + "; it takes " + allow);
            return;
        }
        try {
            if (method.equals("POST")) {
                post(req, resp);
            } else {
                get(req, resp);
            }
        } catch (RuntimeException e) {
            LOG.error("HTTP: {} {} failed", m, req.getRequestURI(), e);
            Problem.send(resp, 500, Problem.describe(500, null, req.getRequestURI()));
        }
    }

    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        throw new IllegalStateException("no GET");
    }

    void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        throw new IllegalStateException("no POST");
    }

    /** The path below the servlet's pattern without its leading slash: "" for none. */
    static String rest(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return "";
        }
        return info.startsWith("/") ? info.substring(1) : info;
    }

    /**
     * Sends a body rendered once for many requests, with its ETag; 304 and no body to a client
     * that already holds it ({@code If-None-Match}). {@code no-cache}: a client may keep it, but asks again.
     */
    static void sendOnce(HttpServletRequest req, HttpServletResponse resp, String contentType, HealthSnapshot.Body body)
            throws IOException {
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", body.etag());
        if (EntityTags.matches(req.getHeader("If-None-Match"), body.etag())) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setStatus(body.httpStatus());
        resp.setContentType(contentType);
        resp.setContentLength(body.bytes().length);
        resp.getOutputStream().write(body.bytes());
    }

    static void send(HttpServletResponse resp, int status, String contentType, JsonElement body) throws IOException {
        send(resp, status, contentType, body.toString() + "\n");
    }

    static void send(HttpServletResponse resp, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
