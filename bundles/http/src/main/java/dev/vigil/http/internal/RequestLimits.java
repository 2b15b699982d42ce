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
        if (req.getContentLengthLong() > MAX_BODY) {
            resp.setHeader("Connection", "close");
            Problem.send(resp, 413, Problem.describe(413, null, req.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public void init(jakarta.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }
}
