package dev.vigil.http.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * The whiteboard's error page for every 4xx and 5xx status: a path nothing serves, a method a
 * servlet does not take, an exception in any servlet (of this bundle or another). JSON, never a
 * trace: the exception goes to the log, the client gets its status and a message.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.errorPage=4xx",
    "osgi.http.whiteboard.servlet.errorPage=5xx",
    "osgi.http.whiteboard.servlet.name=vigil-errors"
})
public final class ErrorPages extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : resp.getStatus();
        Object message = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problem.send(resp, status, Problem.describe(status, message == null ? null : message.toString(),
                uri == null ? req.getRequestURI() : uri.toString()));
    }
}
