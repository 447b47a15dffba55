package dev.dbsync.support;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.PasswordHash;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Starts a real sender on a free loopback port for a test. */
public final class Sharing {
  private Sharing() {}

  public static final class Recorder implements ShareListener {
    public final BlockingQueue<ReceiverView> approvals = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> left = new LinkedBlockingQueue<>();

    @Override
    public void approvalRequested(ReceiverView receiver) {
      approvals.add(receiver);
    }

    @Override
    public void receiverLeft(ReceiverView receiver, String reason) {
      left.add(reason);
    }
  }

  public static ShareServer start(Database db, IncomingMode mode, String password,
      ShareListener listener) {
    ShareOptions o = ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(mode, password == null ? null : PasswordHash.hash(password));
    ShareServer s = new ShareServer(db, o, listener);
    s.start();
    return s;
  }

  public static ShareServer start(Database db) {
    return start(db, IncomingMode.AUTO_ACCEPT, null, null);
  }

  public static String url(ShareServer s) {
    return "ws://127.0.0.1:" + s.port();
  }

  public static String wsUrl(ShareServer s, String code) {
    return url(s) + "/sync/websocket?code=" + code + "&vsn=2.0.0";
  }
}
