package ui

import (
	"context"
	"log"
	"os"
	"sync"
	"time"
)

// With SLIDEREEL_TRACE set the editor logs a few milestones on stderr for
// the scripted session in bench/editor_session.sh (how long after the
// process started the first preview frame was on screen).
var (
	traceOn    = os.Getenv("SLIDEREEL_TRACE") != ""
	traceStart = time.Now()
	traceFirst sync.Once
)

// startGate holds back the background work that competes with the first
// preview frame for the cores (thumbnails, decoding the sound, the mix)
// until that frame is on screen, or maxGateWait has passed.
type startGate struct {
	ch   chan struct{}
	once sync.Once
}

// maxGateWait bounds how long background work waits for the first frame.
const maxGateWait = 3 * time.Second

func newStartGate() *startGate {
	g := &startGate{ch: make(chan struct{})}
	time.AfterFunc(maxGateWait, g.open)
	return g
}

// open lets the background work start.
func (g *startGate) open() { g.once.Do(func() { close(g.ch) }) }

// wait blocks until the gate is open or ctx is done (false).
func (g *startGate) wait(ctx context.Context) bool {
	if g == nil {
		return true
	}
	select {
	case <-g.ch:
		return true
	case <-ctx.Done():
		return false
	}
}

// traceFirstFrame logs the first preview frame shown.
func traceFirstFrame() {
	if !traceOn {
		return
	}
	traceFirst.Do(func() {
		log.Printf("trace: first preview frame %.3f s after start", time.Since(traceStart).Seconds())
	})
}

// traceMark logs a milestone of the start with the time since the process
// started.
func traceMark(what string) {
	if traceOn {
		log.Printf("trace: %s %.3f s after start", what, time.Since(traceStart).Seconds())
	}
}

// traced returns f, which handles an input event, wrapped so that with
// SLIDEREEL_TRACE set the time it took is logged (bench/editor_session.sh
// sets it and times the same inputs from outside, to the changed pixels:
// the difference is the paint and the wait for the UI thread). Without
// SLIDEREEL_TRACE it is f itself.
func traced(name string, f func()) func() {
	if !traceOn {
		return f
	}
	return func() {
		t := time.Now()
		f()
		log.Printf("trace: %s handled in %.1f ms", name, float64(time.Since(t).Microseconds())/1e3)
	}
}
