package dev.vigil.http.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors as JSON: what it refuses before any servlet sees the request (a header
 * block too large, an ambiguous or traversing path, a malformed request line) and any error
 * a context leaves to it. Jetty's default writes HTML pages, for some methods none at all.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.JSON);
        return ByteBuffer.wrap(Problem.json(status, Problem.describe(status, reason, null)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        byte[] body = Problem.json(code, Problem.describe(code, message, request.getRequestURI()))
                .getBytes(StandardCharsets.UTF_8);
        response.setContentType(Problem.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
