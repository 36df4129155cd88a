//go:build !linux

package nice

const supported = false

func lockNiced(int) {}
