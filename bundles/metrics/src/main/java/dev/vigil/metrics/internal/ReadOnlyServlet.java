package dev.vigil.metrics.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * An endpoint that is only read: GET and HEAD are served, any other method gets 405 with a
 * JSON error naming the methods allowed. Errors are JSON, never a trace or an HTML page.
 */
abstract class ReadOnlyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            error(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    method + " is not allowed on " + req.getRequestURI() + "; it is read with GET");
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        super.service(req, resp);
    }

    /** Writes {@code {"error": message}} with that status. */
    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        send(resp, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void json(HttpServletResponse resp, JsonArray body) throws IOException {
        send(resp, HttpServletResponse.SC_OK, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpServletResponse resp, int status, String contentType, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
