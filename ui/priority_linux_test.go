package ui

import (
	"strconv"
	"testing"

	"github.com/slidereel/slidereel/internal/procstat"
)

// Background jobs run niced, the caller's thread keeps its priority, and
// jobs never queue behind each other: two jobs that each wait for the
// other finish only if each got a thread of its own.
func TestLowPriorityNicedAndNeverQueued(t *testing.T) {
	want := strconv.Itoa(backgroundNice)
	aIn, bIn := make(chan struct{}), make(chan struct{})
	nices := make(chan string, 2)
	done := make(chan struct{}, 2)
	go func() {
		lowPriority(func() { close(aIn); <-bIn; nices <- procstat.ThreadNice() })
		done <- struct{}{}
	}()
	go func() {
		lowPriority(func() { <-aIn; close(bIn); nices <- procstat.ThreadNice() })
		done <- struct{}{}
	}()
	<-done
	<-done
	for range 2 {
		if n := <-nices; n != want {
			t.Fatalf("a background job ran at nice %q, want %s", n, want)
		}
	}
	// An idle niced thread takes the next job.
	lowPriority(func() { nices <- procstat.ThreadNice() })
	if n := <-nices; n != want {
		t.Fatalf("a reused thread ran at nice %q, want %s", n, want)
	}
	if n := procstat.ThreadNice(); n == want || n == "" {
		t.Fatalf("the calling thread is at nice %q (niced too, or unreadable)", n)
	}
}
