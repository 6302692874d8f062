import { useState } from 'react';
import { useAuthor } from './author-store.js';
import { InspectionReview } from './inspection-review.js';
import { IssueReview } from './issue-review.js';

/** The Review tab: the issue queue or the sampled inspection, and the reviewer's name. */
export function ReviewView() {
  const [mode, setMode] = useState<'issues' | 'inspection'>('issues');
  const author = useAuthor((s) => s.author);
  const setAuthor = useAuthor((s) => s.setAuthor);
  return (
    <div className="review-view" data-testid="review-view">
      <div className="toolbar">
        <span className="tabs">
          {(['issues', 'inspection'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className={m === mode ? 'tab active' : 'tab'}
              data-mode={m}
              onClick={() => setMode(m)}
            >
              {m === 'issues' ? 'Issue queue' : 'Inspection'}
            </button>
          ))}
        </span>
        <label>
          reviewer{' '}
          <input
            data-testid="review-author"
            value={author}
            placeholder="your name"
            maxLength={100}
            onChange={(e) => setAuthor(e.target.value)}
          />
        </label>
      </div>
      {mode === 'issues' ? <IssueReview /> : <InspectionReview />}
    </div>
  );
}
