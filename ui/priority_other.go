//go:build !linux

package ui

// lowPriority runs fn (at normal priority: per-thread nice values are
// Linux's).
func lowPriority(fn func()) { fn() }

// raiseProcs leaves GOMAXPROCS alone (see priority_linux.go).
func raiseProcs() {}
