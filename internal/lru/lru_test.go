package lru

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestEvictsLeastRecentlyUsedByCost(t *testing.T) {
	var gone []string
	c := New[string, int](10, func(k string, v int) { gone = append(gone, fmt.Sprintf("%s=%d", k, v)) })
	c.Add("a", 1, 4)
	c.Add("b", 2, 4)
	if _, ok := c.Get("a"); !ok { // a is now more recent than b
		t.Fatal("a missing")
	}
	c.Add("c", 3, 4) // 12 > 10: b, the least recently used, goes
	if _, ok := c.Get("b"); ok {
		t.Error("b kept over the bound")
	}
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Errorf("a = %d, %v", v, ok)
	}
	if c.Len() != 2 || c.Cost() != 8 {
		t.Errorf("len %d cost %d, want 2 and 8", c.Len(), c.Cost())
	}
	if fmt.Sprint(gone) != "[b=2]" {
		t.Errorf("evicted %v, want [b=2]", gone)
	}
}

func TestReplaceAndRemove(t *testing.T) {
	var gone []int
	c := New[string, int](100, func(_ string, v int) { gone = append(gone, v) })
	c.Add("a", 1, 10)
	c.Add("a", 2, 30) // replaces: the old value is let go, the cost is the new one
	if v, _ := c.Get("a"); v != 2 || c.Cost() != 30 || c.Len() != 1 {
		t.Errorf("after replace: %d, cost %d, len %d", v, c.Cost(), c.Len())
	}
	c.Remove("a")
	c.Remove("nothing")
	if c.Len() != 0 || c.Cost() != 0 {
		t.Errorf("after remove: len %d cost %d", c.Len(), c.Cost())
	}
	if fmt.Sprint(gone) != "[1 2]" {
		t.Errorf("let go of %v, want [1 2]", gone)
	}
}

func TestKeepsOneOversizedEntry(t *testing.T) {
	c := New[int, string](5, nil)
	c.Add(1, "small", 1)
	c.Add(2, "huge", 50)
	if _, ok := c.Get(2); !ok {
		t.Error("the newest entry must stay even over the bound")
	}
	if _, ok := c.Get(1); ok {
		t.Error("the older entry must go")
	}
}

func TestCountBound(t *testing.T) {
	c := New[int, int](3, nil)
	for i := range 10 {
		c.Add(i, i, 1)
	}
	if c.Len() != 3 {
		t.Fatalf("len %d, want 3", c.Len())
	}
	for i := 7; i < 10; i++ {
		if _, ok := c.Get(i); !ok {
			t.Errorf("%d missing", i)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New[int, int](64, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				c.Add((g*1000+i)%100, i, 1)
				c.Get(i % 100)
				if i%7 == 0 {
					c.Remove(i % 100)
				}
			}
		})
	}
	wg.Wait()
	if c.Len() > 64 || c.Cost() != int64(c.Len()) {
		t.Errorf("len %d cost %d", c.Len(), c.Cost())
	}
}

// Concurrent Loads of one key fill it once; an error reaches the callers
// but is not kept; a fill cancelled by its own caller is redone by a
// waiting caller.
func TestLoad(t *testing.T) {
	c := New[string, int](10, nil)
	var fills atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v, err := c.Load(context.Background(), "k", func(context.Context) (int, int64, error) {
				fills.Add(1)
				<-release
				return 42, 1, nil
			})
			if v != 42 || err != nil {
				t.Errorf("Load = %d, %v", v, err)
			}
		})
	}
	close(release)
	wg.Wait()
	if n := fills.Load(); n != 1 {
		t.Errorf("%d fills for one key, want 1", n)
	}

	boom := errors.New("boom")
	if _, err := c.Load(context.Background(), "bad", func(context.Context) (int, int64, error) { return 0, 1, boom }); err != boom {
		t.Errorf("error %v, want boom", err)
	}
	if _, ok := c.Get("bad"); ok {
		t.Error("a failed fill was kept")
	}

	// The first caller's fill is cancelled; the second, waiting with a live
	// context, fills again.
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := c.Load(ctx, "c", func(ctx context.Context) (int, int64, error) {
			close(started)
			<-ctx.Done()
			return 0, 0, ctx.Err()
		})
		first <- err
	}()
	<-started
	second := make(chan int, 1)
	go func() {
		v, _ := c.Load(context.Background(), "c", func(context.Context) (int, int64, error) { return 7, 1, nil })
		second <- v
	}()
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fill: %v", err)
	}
	if v := <-second; v != 7 {
		t.Errorf("the waiting caller got %d, want 7 from its own fill", v)
	}
}
