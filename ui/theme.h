#pragma once

class QApplication;

namespace tw::ui {

/// Applies the Fusion style with a light or a dark palette to the whole application. Qt 6.4
/// cannot ask the system for its colour scheme, so the choice is the user's (View menu) and
/// is kept in QSettings. Plots are themed separately (ChartsPanel::setDarkTheme).
void applyTheme(QApplication &application, bool dark);

} // namespace tw::ui
