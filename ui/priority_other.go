//go:build !linux

package ui

// raiseProcs leaves GOMAXPROCS alone (see priority_linux.go).
func raiseProcs() {}
