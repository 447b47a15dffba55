package dev.dbsync.ui.receive;

import javafx.beans.binding.BooleanExpression;

/**
 * One step of the receive wizard. Steps are revisited with Back, so a step starts listening
 * when it is activated and stops when it is deactivated.
 */
public interface StepViewModel {
  String title();

  default void activate() {}

  default void deactivate() {}

  /** Whether Next is enabled. */
  BooleanExpression canAdvance();

  /** What Next says on this step. */
  default String nextLabel() {
    return "Next";
  }

  /** Does what Next means here (may work in the background) and calls {@code advance} once done. */
  default void next(Runnable advance) {
    advance.run();
  }

  /** Esc / Cancel on this step; returns true when the step handled it itself. */
  default boolean cancel() {
    return false;
  }
}
