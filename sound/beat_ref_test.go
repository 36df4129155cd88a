package sound

import (
	"math"
	"sort"
)

// The beat tracker as it was before it was made to stream (the whole
// envelope and the dynamic programme's arrays in memory): the reference
// the streaming tracker must agree with (beat_stream_test.go).

// refBeatsOfEnvelope tracks the beat of an onset envelope sampled fps times a
// second (the first value at time 0 plus the analysis latency).
func refBeatsOfEnvelope(raw []float32, fps float64) *BeatTrack {
	env := refNormalise(raw, fps)
	if len(env) < int(4*fps) {
		return &BeatTrack{}
	}
	period, strength := refTempoPeriod(env, fps)
	bt := &BeatTrack{Strength: strength}
	if strength < beatClear {
		return bt
	}
	period = refMainPulse(env, period, fps)
	beats := refTrackPhase(env, period)
	offset := float64(beatFFT)/2/beatRate - beatLatency
	for _, b := range beats {
		bt.Beats = append(bt.Beats, float64(b)/fps+offset)
	}
	bt.Clear = len(bt.Beats) >= 2
	bt.Tempo = 60 * fps / period
	return bt
}

// refNormalise removes the local mean (over about a second) and
// scales to unit standard deviation.
func refNormalise(raw []float32, fps float64) []float64 {
	n := len(raw)
	env := make([]float64, n)
	half := int(fps / 2)
	var sum float64
	for i := 0; i < n && i <= half; i++ {
		sum += float64(raw[i])
	}
	lo, hi := 0, min(n-1, half)
	for i := range raw {
		for hi+1 < n && hi+1 <= i+half {
			hi++
			sum += float64(raw[hi])
		}
		for lo < i-half {
			sum -= float64(raw[lo])
			lo++
		}
		env[i] = math.Max(0, float64(raw[i])-sum/float64(hi-lo+1))
	}
	var sq float64
	for _, v := range env {
		sq += v * v
	}
	if sd := math.Sqrt(sq / float64(max(1, n))); sd > 0 {
		for i := range env {
			env[i] /= sd
		}
	}
	return env
}

// refTempoPeriod returns the beat period in envelope frames (fractional, by
// parabolic interpolation) that maximises the prior-weighted
// autocorrelation, and the plain normalised autocorrelation there.
func refTempoPeriod(env []float64, fps float64) (float64, float64) {
	maxLag := int(math.Ceil(60 * fps / beatMinBPM))
	ac := make([]float64, 2*maxLag+2)
	mean := 0.0
	for _, v := range env {
		mean += v
	}
	mean /= float64(len(env))
	for lag := range ac {
		s := 0.0
		for i := lag; i < len(env); i++ {
			s += (env[i] - mean) * (env[i-lag] - mean)
		}
		ac[lag] = s / float64(len(env)-lag)
	}
	// Picking the period from the autocorrelation is a pure step the
	// streaming tracker shares; what this reference checks is the
	// autocorrelation it is fed, computed here over the whole envelope.
	return tempoFromAC(ac, fps)
}

// refMainPulse moves the period to half or double tempo where the beats say
// the pulse is there (see the package's beat notes).
func refMainPulse(env []float64, period, fps float64) float64 {
	for range 2 {
		if slow := 2 * period; 60*fps/slow >= beatMinBPM && refOnOffRatio(env, slow) > pulseRatio {
			period = slow
			continue
		}
		if fast := period / 2; 60*fps/fast <= beatMaxBPM && refOnOffRatio(env, period) < pulseRatio {
			period = fast
			continue
		}
		break
	}
	return period
}

// refOnOffRatio is the mean onset strength on a grid of the period at its
// best phase, over the mean strength halfway between its points.
func refOnOffRatio(env []float64, period float64) float64 {
	steps := int(math.Ceil(period))
	best, bestOff := 0.0, 1.0
	for ph := range steps {
		on := refCombMean(env, float64(ph), period)
		if on > best {
			best, bestOff = on, refCombMean(env, float64(ph)+period/2, period)
		}
	}
	if bestOff <= 1e-9 {
		return math.Inf(1)
	}
	return best / bestOff
}

// refCombMean is the mean over the grid start + k*period of the envelope's
// maximum within a frame either side.
func refCombMean(env []float64, start, period float64) float64 {
	s, n := 0.0, 0
	for t := start; int(t)+1 < len(env); t += period {
		i := int(math.Round(t))
		m := env[i]
		if i > 0 {
			m = math.Max(m, env[i-1])
		}
		if i+1 < len(env) {
			m = math.Max(m, env[i+1])
		}
		s += m
		n++
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// refTrackPhase is Ellis's dynamic programme: the best sequence of beats
// about period apart through the strongest onsets.
func refTrackPhase(env []float64, period float64) []int {
	n := len(env)
	score := make([]float64, n)
	back := make([]int32, n)
	lo, hi := int(math.Round(period/2)), int(math.Round(2*period))
	for t := range n {
		best, arg := 0.0, int32(-1)
		for tau := t - hi; tau <= t-lo; tau++ {
			if tau < 0 {
				continue
			}
			l := math.Log(float64(t-tau) / period)
			if v := score[tau] - beatTightness*l*l; arg < 0 || v > best {
				best, arg = v, int32(tau)
			}
		}
		score[t] = env[t] + math.Max(0, best)
		if best <= 0 {
			arg = -1
		}
		back[t] = arg
	}
	// The last beat: the best score within the last period.
	end := n - 1
	for t := max(0, n-int(period)); t < n; t++ {
		if score[t] > score[end] {
			end = t
		}
	}
	var beats []int
	for t := int32(end); t >= 0; t = back[t] {
		beats = append(beats, int(t))
	}
	sort.Ints(beats)
	return beats
}
