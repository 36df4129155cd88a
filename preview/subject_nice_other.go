//go:build !linux

package preview

// lowPriority runs fn (at normal priority: per-thread nice values are
// Linux's).
func lowPriority(fn func()) { fn() }
