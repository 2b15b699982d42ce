package dev.vigil.http.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Limits every request before any servlet sees it, whichever bundle serves the path: a body
 * announced larger than {@link #MAX_BODY} is refused with 413 and the connection closed, so it
 * is never read. Bodies sent without a length are bounded where they are read ({@link Bodies}).
 * A path with a "." or ".." segment is refused with 400: Jetty would resolve it
 * ({@code /health/../status} is {@code /status}), past a proxy in front that allowed it by prefix.
 */
@Component(service = Preprocessor.class)
public final class RequestLimits implements Preprocessor {
    /** No endpoint takes more than a small JSON body. */
    static final int MAX_BODY = 64 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        if (hasDotSegment(req.getRequestURI())) {
            Problem.send(resp, 400, Problem.describe(400, "a '.' or '..' segment", req.getRequestURI()));
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            resp.setHeader("Connection", "close");
            Problem.send(resp, 413, Problem.describe(413, null, req.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The path as the client sent it (Jetty's request URI is not normalised), segment by segment. */
    static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void init(jakarta.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }
}
