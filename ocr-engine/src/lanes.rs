//! Sharing the cores between images recognized at the same time.
//!
//! One image alone runs each model on rten's pool of all cores. When a
//! second image is in flight, a pool shared by both makes every operator
//! wait for its slowest thread while the other image waits for the pool;
//! instead, each image in flight takes a *lane* — a single-threaded pool of
//! its own, one per core — and runs its next models there. A 100-image
//! batch measured 1.97× the one-core rate with one core per image, against
//! 1.76× with two images sharing a two-thread pool (before the depthwise
//! kernel and graph rewrites; 1.91× after).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rten::ThreadPool;

/// The single-threaded pools of one engine (and its
/// [`crate::LocalEngine::with_config`] copies), created on first use.
#[derive(Debug)]
pub(crate) struct Lanes {
    /// Pools not lent to an image.
    free: Mutex<Vec<Arc<ThreadPool>>>,
    /// Pools created so far (at most `limit`).
    created: AtomicUsize,
    /// One lane per core.
    limit: usize,
    /// Images being recognized now.
    in_flight: AtomicUsize,
}

impl Lanes {
    /// Lanes for `limit` images at a time.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            free: Mutex::new(Vec::new()),
            created: AtomicUsize::new(0),
            limit,
            in_flight: AtomicUsize::new(0),
        }
    }

    /// One lane per core of this machine.
    pub(crate) fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Counts one more image in flight until the job is dropped.
    pub(crate) fn begin(&self) -> Job<'_> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Job {
            lanes: self,
            lane: Mutex::new(None),
        }
    }

    /// A free lane, or a new one while fewer than `limit` exist.
    fn take(&self) -> Option<Arc<ThreadPool>> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pool) = free.pop() {
            return Some(pool);
        }
        let created = self.created.load(Ordering::SeqCst);
        if created >= self.limit {
            return None;
        }
        self.created.store(created + 1, Ordering::SeqCst);
        Some(Arc::new(ThreadPool::with_num_threads(1)))
    }

    fn give_back(&self, pool: Arc<ThreadPool>) {
        self.free.lock().unwrap_or_else(|e| e.into_inner()).push(pool);
    }
}

/// One image's claim on the cores, from its first model run to its last.
#[derive(Debug)]
pub(crate) struct Job<'a> {
    lanes: &'a Lanes,
    lane: Mutex<Option<Arc<ThreadPool>>>,
}

impl Job<'_> {
    /// The pool for this image's next model run: its lane while another
    /// image is in flight (taken on first need, kept to the end), else
    /// `None` — rten's pool of all cores.
    pub(crate) fn pool(&self) -> Option<Arc<ThreadPool>> {
        let mut lane = self.lane.lock().unwrap_or_else(|e| e.into_inner());
        if lane.is_none() && self.lanes.in_flight.load(Ordering::SeqCst) > 1 {
            *lane = self.lanes.take();
        }
        lane.clone()
    }
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        if let Some(pool) = self.lane.get_mut().unwrap_or_else(|e| e.into_inner()).take() {
            self.lanes.give_back(pool);
        }
        self.lanes.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_alone_uses_every_core() {
        let lanes = Lanes::new(2);
        let job = lanes.begin();
        assert!(job.pool().is_none());
    }

    #[test]
    fn images_side_by_side_each_get_a_lane_of_their_own() {
        let lanes = Lanes::new(2);
        let a = lanes.begin();
        assert!(a.pool().is_none(), "alone at first");
        let b = lanes.begin();
        let (pa, pb) = (a.pool().expect("a lane for a"), b.pool().expect("a lane for b"));
        assert!(!Arc::ptr_eq(&pa, &pb));
        // a third image finds no lane left and falls back to the shared pool
        let c = lanes.begin();
        assert!(c.pool().is_none());
        drop(c);
        // the lane stays with its image, and comes back when it ends
        assert!(Arc::ptr_eq(&a.pool().unwrap(), &pa));
        drop(a);
        let d = lanes.begin();
        assert!(Arc::ptr_eq(&d.pool().unwrap(), &pa));
        drop((b, d));
        assert_eq!(lanes.in_flight.load(Ordering::SeqCst), 0);
        assert_eq!(lanes.created.load(Ordering::SeqCst), 2);
    }
}
