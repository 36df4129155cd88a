package preview

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// threadNice reads the calling thread's nice value from /proc.
func threadNice(t *testing.T) string {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return fields[16] // field 19 of stat; the fields after the name start at 3
}

func TestLowPriorityRunsNiced(t *testing.T) {
	var inside string
	ran := false
	lowPriority(func() {
		ran = true
		inside = threadNice(t)
	})
	want := strconv.Itoa(detectNice)
	if !ran || inside != want {
		t.Fatalf("ran %v at nice %q, want %s", ran, inside, want)
	}
	// The caller's thread keeps its priority.
	if n := threadNice(t); n == want {
		t.Fatalf("the calling thread was niced too")
	}
}
