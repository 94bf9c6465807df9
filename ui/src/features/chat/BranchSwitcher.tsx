import { useTranslation } from "react-i18next";

type Props = {
  /** This message and its alternatives, oldest first. */
  siblings: string[];
  id: string;
  onSwitch: (id: string) => void;
  disabled?: boolean;
};

/** ‹ 2/3 ›: which of a message's versions is shown (regenerated answers, edited questions), and the way to the others. */
export function BranchSwitcher({ siblings, id, onSwitch, disabled = false }: Props) {
  const { t } = useTranslation();
  const index = siblings.indexOf(id);
  if (siblings.length < 2 || index < 0) return null;
  return (
    <span className="branch-switcher" data-testid="branch-switcher">
      <button
        className="link small"
        disabled={disabled || index === 0}
        onClick={() => onSwitch(siblings[index - 1])}
        aria-label={t("chat.branch.previous")}
        data-testid="branch-previous"
      >
        ‹
      </button>
      <span data-testid="branch-position">{t("chat.branch.position", { index: index + 1, count: siblings.length })}</span>
      <button
        className="link small"
        disabled={disabled || index === siblings.length - 1}
        onClick={() => onSwitch(siblings[index + 1])}
        aria-label={t("chat.branch.next")}
        data-testid="branch-next"
      >
        ›
      </button>
    </span>
  );
}
