package service

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/project"
)

// helperEnv makes the test binary run as a worker process (see TestMain):
// "addr|queue|prefix|id|root|out|mode", mode "block" (renders never end)
// or "fast" (fakeRender).
const helperEnv = "SLIDEREEL_TEST_WORKER"

func helperWorker() int {
	f := strings.Split(os.Getenv(helperEnv), "|")
	if len(f) != 7 {
		fmt.Fprintln(os.Stderr, "bad", helperEnv)
		return 2
	}
	addr, queue, prefix, id, root, out, mode := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
	render := fakeRender
	if mode == "block" {
		render = func(ctx context.Context, p *project.Project, o string, _ func(int, int)) (Result, error) {
			<-ctx.Done()
			return Result{}, ctx.Err()
		}
	}
	roots, err := NewRoots(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	w, err := NewWorker(WorkerConfig{Client: rdb, Queue: queue, TaskPrefix: prefix, ID: id, OutputDir: out, Roots: roots, Render: render,
		HeartbeatTTL: 500 * time.Millisecond, ReapEvery: 100 * time.Millisecond, BlockTimeout: 100 * time.Millisecond, Log: log.New(os.Stderr, id+" ", log.Lmicroseconds)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := w.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func startProcess(t *testing.T, id, root, out, mode string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	q, prefix := testQueue(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+strings.Join([]string{redisAddr, q, prefix, id, root, out, mode}, "|"))
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("log of process %s:\n%s", id, logs)
		}
	})
	return cmd, logs
}

// Two worker processes share a queue; one is killed with SIGKILL while it
// renders. Its task is redone by the other: every task done exactly once,
// none lost.
func TestWorkerProcessKilled(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	q, _ := testQueue(t)
	const n = 6
	for i := range n {
		enqueue(t, rdb, Task{ID: fmt.Sprintf("p%d", i), Type: TypeCreateVideo,
			Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}, "resolution": []int{160, 90}})})
	}
	victim, _ := startProcess(t, "proc-victim", root, out, "block")
	var victimTask string
	waitFor(t, "the victim to take a task", func() bool {
		for i := range n {
			id := fmt.Sprintf("p%d", i)
			if h := taskHash(t, rdb, id); h["status"] == StatusRunning && h["worker"] == "proc-victim" {
				victimTask = id
				return true
			}
		}
		return false
	})
	survivor, _ := startProcess(t, "proc-survivor", root, out, "fast")
	if err := victim.Process.Kill(); err != nil { // SIGKILL: no cleanup at all
		t.Fatal(err)
	}
	victim.Wait()

	for i := range n {
		id := fmt.Sprintf("p%d", i)
		h := waitStatus(t, rdb, id, StatusDone, StatusFailed)
		if h["status"] != StatusDone || h["completions"] != "1" || h["worker"] != "proc-survivor" {
			t.Errorf("task %s: %v", id, h)
		}
	}
	if h := taskHash(t, rdb, victimTask); h["attempts"] != "2" || h["requeued"] != "1" {
		t.Errorf("the killed worker's task %s: %v; want 2 attempts, requeued once", victimTask, h)
	}
	if err := survivor.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := survivor.Wait(); err != nil {
		t.Errorf("survivor exit: %v", err)
	}
	for _, l := range []string{q, q + ":processing:proc-victim", q + ":processing:proc-survivor"} {
		if n := listLen(t, rdb, l); n != 0 {
			t.Errorf("%s holds %d tasks", l, n)
		}
	}
	if ids, _ := rdb.SMembers(context.Background(), q+":workers").Result(); len(ids) != 0 {
		t.Errorf("registered workers after the stop: %v", ids)
	}
}
