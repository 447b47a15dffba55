package dev.dbsync.ui.connections;

import dev.dbsync.ui.common.Ui;
import javafx.geometry.Insets;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Connections screen: incoming (others pull from here) and outgoing (this pulls). */
public final class ConnectionsView extends VBox {

  public ConnectionsView(IncomingViewModel incoming, OutgoingViewModel outgoing) {
    setPadding(new Insets(20));
    setSpacing(6);
    getStyleClass().add("screen");
    Tab in = new Tab("Incoming: they pull from this computer", new IncomingView(incoming));
    in.setId("incomingTab");
    Tab out = new Tab("Outgoing: this computer pulls from them", new OutgoingView(outgoing));
    out.setId("outgoingTab");
    TabPane tabs = new TabPane(in, out);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    getChildren().addAll(Ui.title("Permanent connections"), tabs);
    tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
      incoming.reload();
      outgoing.reload();
    });
  }
}
