import { Paper, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth, useUser } from './auth';

/**
 * The signed-in person's menu: a disclosure button with a small panel. Written by hand instead of
 * Mantine's Menu so that the first load does not carry the popover machinery.
 */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  // On a phone only the initials show; the name is not rendered at all (not merely hidden).
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every route change by design
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="user-menu">
      <UnstyledButton
        ref={button}
        data-testid="user-menu"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('shell.userMenu', { name: user.name })}
        onClick={() => setOpen((value) => !value)}
      >
        {wide && (
          <Text size="sm" fw={500} truncate maw={140} component="span">
            {user.name}
          </Text>
        )}
        <span className="user-initials" aria-hidden="true">
          {initials(user.name)}
        </span>
      </UnstyledButton>
      {open && (
        <Paper id={panelId} className="user-menu-panel" shadow="md" withBorder radius="md" p={6}>
          <Text size="xs" c="dimmed" px="sm" py={6} truncate>
            {user.email}
          </Text>
          <Link to="/profile" className="user-menu-item">
            {t('nav.profile')}
          </Link>
          <button
            type="button"
            className="user-menu-item"
            data-testid="sign-out"
            onClick={() => {
              void signOut().finally(() => navigate('/login', { replace: true }));
            }}
          >
            {t('shell.signOut')}
          </button>
        </Paper>
      )}
    </div>
  );
}

function initials(name: string) {
  const parts = name.trim().split(/\s+/);
  const letters = (parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '');
  return letters.toUpperCase() || '?';
}
