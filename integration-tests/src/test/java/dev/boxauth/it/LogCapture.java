package dev.boxauth.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line written (on any thread) while open, with its arguments formatted and its
 * exception's full trace, for proving that no secret reaches the logs. {@code dev.boxauth} logs at
 * DEBUG in this module (logback-test.xml), so DEBUG lines are caught too.
 */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
  }

  /** How many lines were caught. */
  int lines() {
    return appender.list.size();
  }

  /** All lines caught so far: level, logger, message and any exception trace. */
  String text() {
    StringBuilder b = new StringBuilder();
    for (ILoggingEvent e : List.copyOf(appender.list)) {
      b.append(e.getLevel())
          .append(' ')
          .append(e.getLoggerName())
          .append(' ')
          .append(e.getFormattedMessage())
          .append('\n');
      if (e.getThrowableProxy() != null) {
        b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
