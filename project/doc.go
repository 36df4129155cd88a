// Package project is Slidereel's pure model: slides, Ken Burns rectangles,
// timing on an integer frame grid, and the versioned JSON .project file.
//
// The contract:
//
//   - Standard library only. project must never import Fyne, the renderer
//     (preview), the exporter (export) or any third-party package; a test in
//     the repository root enforces the Fyne part for every non-UI package.
//   - Geometry and timing are pure functions: value in, value out, safe from
//     any goroutine, sane on degenerate input (zero sizes, zero slides).
//   - Time is an integer frame count. FPS.D and FPS.N convert between frames
//     and durations the way beep's SampleRate does for samples. Slide
//     boundaries are computed from the exact cumulative time and rounded once,
//     so long projects never drift.
//   - One timing rule for everything (preview, export, sound): see Timeline.
//   - Ken Burns motion is a start and an end Rect normalised to the source
//     image, so it is independent of resolution. Zoom is interpolated in log
//     space, the centre linearly (see Motion.At).
//   - Direction "subject" takes the photo's subject as a Rect found by the
//     caller (preview detects it): SubjectMotion keeps it whole in every
//     frame. Snap moves slide changes onto beat times the caller measured
//     (MediaDurations.Beats); SnapTime snaps one time the same way.
//   - A slide's optional fields override the project's Defaults; a nil field
//     follows the defaults, including later changes to them. The overridable
//     settings are one table (Settings: key, label, read, set, clear,
//     validate) that the ops, Validate and the editor go through.
//   - Load never panics on any input (fuzzed), reports problems with file,
//     field (with indices, e.g. "slides[2].duration"), line and column and
//     reason, refuses files from a newer format version, migrates version 0
//     (the old service's request JSON), and treats missing media as a
//     warning, not an error (see MissingMedia, Relink). A value of the wrong
//     JSON type is named by the kind its field wants (JSONKind). Media paths are
//     stored relative to the project file with the absolute path as a
//     fallback. Save is atomic: temp file in the same folder, fsync, rename.
//   - Editing operations (ops.go) refuse values that Validate would refuse,
//     so these edits never make a valid project fail to load.
package project
