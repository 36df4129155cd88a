// Package ui is Slidereel's editor window, the only package that imports
// Fyne.
//
// The contract:
//
//   - Run(args) opens the window on the .project file given, else the last
//     project, else the bundled demo. It is the only place that creates the
//     Fyne app (run.go); everything else is built on a fyne.App handed in,
//     so tests use fyne.io/fyne/v2/test without a display.
//   - The Editor owns the project, the undo history (snapshots made with
//     project.Clone), the selection, the file path and the dirty flag. Every
//     edit goes through it; views listen to its changes.
//   - The window never waits for a decode, a render, a mix or an export:
//     they run on goroutines that get a Clone of the project, and their
//     results reach widgets only through onUI/onUIWait (async.go), the one
//     place that calls fyne.Do.
//   - An input is answered on screen before the work it starts takes the
//     cores: the preview render, the photo decodes and the export an input
//     starts begin after the frame that answers it (afterFrame, async.go).
//     A view draws again only what changed (a seek restyles two filmstrip
//     cells, not all of them; a widget is refreshed only when its value
//     changed); thumbnails are decoded at the cell's size in pixels, so
//     Fyne shows them without scaling them; the export dialog is built
//     once, ahead of time; the missing-file check runs in the background.
//   - The app's theme is Fyne's without the blur behind modal dialogs
//     (theme.go): under software GL it cost 120-320 ms a frame.
//   - The sound's analyses (beats, decoded length, the mix and its
//     loudness pass) run at nice 10 on an internal/nice pool (wire.go) and
//     the process has more Go Ps than cores, so input is answered first;
//     the preview worker keeps normal priority.
//   - With SLIDEREEL_TRACE set, ui logs the start's milestones, the first
//     preview frame and how long each input's handler took (trace.go), for
//     bench/editor_session.sh; unset, the handlers are not wrapped.
//   - The preview is drawn by the preview package (Draft) on one worker
//     goroutine that keeps only the latest request; playback follows the
//     sound player's clock and drops frames rather than lag.
//   - ui reaches the renderer, the sound mix and the exporter through
//     Services (wired to the real packages in wire.go), so tests can watch
//     what the editor asks of them.
package ui
