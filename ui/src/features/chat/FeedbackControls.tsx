// Thumbs up or down on an answer, and an optional note on why: pressing the chosen thumb again takes the rating
// back; the note is written in place and shown under the answer. Kept by the core, shown in the usage log too.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Feedback_Serialize as Feedback, Rating } from "../../bindings";
import { Icon } from "../../lib/icons";

type Props = { feedback: Feedback | null; onChange: (feedback: Feedback | null) => void };

export function FeedbackControls({ feedback, onChange }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const rate = (rating: Rating) => onChange(feedback?.rating === rating ? null : { rating, note: feedback?.note ?? null });
  const thumb = (rating: Rating) => (
    <button
      className={`icon feedback-thumb ${feedback?.rating === rating ? "chosen" : ""}`}
      aria-pressed={feedback?.rating === rating}
      title={t(`chat.feedback.${rating}`)}
      aria-label={t(`chat.feedback.${rating}`)}
      onClick={() => rate(rating)}
      data-testid={`feedback-${rating}`}
    >
      <Icon name={rating === "up" ? "thumbUp" : "thumbDown"} size={14} />
    </button>
  );
  return (
    <>
      {thumb("up")}
      {thumb("down")}
      {feedback && note === null && (
        <button className="link small" onClick={() => setNote(feedback.note ?? "")} data-testid="feedback-note-edit">
          {feedback.note ? t("chat.feedback.editNote") : t("chat.feedback.addNote")}
        </button>
      )}
      {feedback && note !== null && (
        <form
          className="feedback-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ rating: feedback.rating, note: note.trim() || null });
            setNote(null);
          }}
        >
          <input
            autoFocus
            value={note}
            maxLength={2000}
            placeholder={t("chat.feedback.notePlaceholder")}
            aria-label={t("chat.feedback.addNote")}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && (e.preventDefault(), setNote(null))}
            data-testid="feedback-note-input"
          />
          <button type="submit" className="small" data-testid="feedback-note-save">
            {t("chat.save")}
          </button>
        </form>
      )}
    </>
  );
}

/** The note under a rated answer. */
export function FeedbackNote({ feedback }: { feedback: Feedback | null }) {
  const { t } = useTranslation();
  if (!feedback?.note) return null;
  return (
    <p className="feedback-note muted small" data-testid="feedback-note">
      {t(`chat.feedback.${feedback.rating}`)}: “{feedback.note}”
    </p>
  );
}
