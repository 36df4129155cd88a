// Package procstat reads Linux's /proc stat files, for the tests that check
// what became of a process or a thread (its state, its nice value). It
// imports only the standard library; on systems without /proc its
// functions return the error of reading the file.
package procstat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Fields returns the fields of the stat file at path (such as
// "/proc/thread-self/stat") that follow the command name, which may itself
// hold spaces and parentheses: Fields[0] is the state ("R", "S", "Z" ...),
// field 3 of proc(5), and Fields[i] is field i+3.
func Fields(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, fmt.Errorf("%s: no command name in %q", path, s)
	}
	return strings.Fields(s[i+1:]), nil
}

// Process returns the Fields of process pid.
func Process(pid int) ([]string, error) {
	return Fields("/proc/" + strconv.Itoa(pid) + "/stat")
}

// ThreadNice returns the calling OS thread's nice value as /proc writes it
// (field 19 of its stat file), or "" if it cannot be read. The caller
// should be locked to its thread (runtime.LockOSThread) for the answer to
// mean anything.
func ThreadNice() string {
	f, err := Fields("/proc/thread-self/stat")
	if err != nil || len(f) < 17 {
		return ""
	}
	return f[16]
}
