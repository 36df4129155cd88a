package project

import (
	"math"
	"time"
)

// FPS is a frame rate in frames per second. Frames are counted as ints and
// converted with D and N, so no float error accumulates along a timeline.
type FPS int

// D returns the duration of n frames.
func (r FPS) D(n int) time.Duration {
	if r <= 0 {
		return 0
	}
	return time.Duration(int64(n) * int64(time.Second) / int64(r))
}

// N returns the number of whole frames in d, rounded to the nearest frame.
func (r FPS) N(d time.Duration) int {
	return r.Frames(d.Seconds())
}

// Frames returns seconds converted to frames, rounded to the nearest frame.
func (r FPS) Frames(seconds float64) int {
	if r <= 0 || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return 0
	}
	return int(math.Round(seconds * float64(r)))
}

// Seconds returns the time of frame n in seconds.
func (r FPS) Seconds(n int) float64 {
	if r <= 0 {
		return 0
	}
	return float64(n) / float64(r)
}

// FrameAt returns the frame on screen at time seconds (the frame whose
// interval [n/fps, (n+1)/fps) contains it).
func (r FPS) FrameAt(seconds float64) int {
	if r <= 0 || math.IsNaN(seconds) || seconds <= 0 {
		return 0
	}
	return int(math.Floor(seconds*float64(r) + 1e-9))
}

// SampleOf returns the first audio sample of frame n at the given sample
// rate. For the usual rates (24, 25, 30, 50, 60 fps at 48 kHz) it is exact.
func (r FPS) SampleOf(n int, sampleRate int) int {
	if r <= 0 {
		return 0
	}
	// Rounded integer arithmetic: n*rate/fps without float error.
	num := int64(n) * int64(sampleRate)
	den := int64(r)
	return int((num + den/2) / den)
}
