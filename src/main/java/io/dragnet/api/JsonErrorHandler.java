package io.dragnet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dragnet.json.InputProblem;
import io.dragnet.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers the requests Jetty refuses before they reach Javalin (an unparseable request line, an
 * oversized header, a bad URI) with the contract's envelope instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return BufferUtil.toBuffer(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code));
    }

    static byte[] body(int status) {
        ApiMessage error = switch (status) {
            case 404 -> Problems.noRoute().error();
            case 405 -> new ApiMessage(Problems.METHOD_NOT_ALLOWED, "Method not allowed");
            case 413, 431 -> new ApiMessage(InputProblem.BODY_TOO_LARGE.code(), "The request or its headers are too large.");
            case 505 -> new ApiMessage(InputProblem.MALFORMED_REQUEST.code(), "This HTTP version is not supported; use HTTP/1.1.");
            default -> status >= 500
                    ? new ApiMessage(Problems.INTERNAL, "Internal server error")
                    : new ApiMessage(InputProblem.MALFORMED_REQUEST.code(), "The request could not be understood as HTTP.");
        };
        try {
            return Json.mapper().writeValueAsString(Envelope.failure(error)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the error envelope always serializes", e);
        }
    }
}
