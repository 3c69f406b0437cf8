import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { StartError } from '../components/start-error';
import { PublicLayout } from '../features/auth/public-layout';
import { HomePage } from '../features/home/home-page';
import { useAuth } from './auth';
import { NotAllowedPage, NotFoundPage } from './not-found';
import { can, type UiPermission } from './permissions';
import { Shell } from './shell';

// Everything but the shell and the home page loads on demand, so that a rep's
// first visit from a phone downloads little.
const LoginPage = lazy(() => import('../features/auth/login-page'));
const SetupPage = lazy(() => import('../features/setup/setup-page'));
const ForgotPage = lazy(() => import('../features/auth/forgot-page'));
const ResetPage = lazy(() => import('../features/auth/reset-page'));
const InvitePage = lazy(() => import('../features/auth/invite-page'));
const PeoplePage = lazy(() => import('../features/people/people-page'));
const PeopleImportPage = lazy(() => import('../features/people/people-import-page'));
const TeamsPage = lazy(() => import('../features/teams/teams-page'));
const AccountsPage = lazy(() => import('../features/accounts/accounts-page'));
const AccountsImportPage = lazy(() => import('../features/accounts/accounts-import-page'));
const AuditPage = lazy(() => import('../features/audit/audit-page'));
const OutboxPage = lazy(() => import('../features/outbox/outbox-page'));
const ProfilePage = lazy(() => import('../features/profile/profile-page'));
const RequestsPage = lazy(() => import('../features/requests/requests-page'));
const NewRequestPage = lazy(() => import('../features/requests/new-request-page'));
const RequestDetailPage = lazy(() => import('../features/requests/request-detail-page'));
const AssetsPage = lazy(() => import('../features/assets/assets-page'));
const AssetDetailPage = lazy(() => import('../features/assets/asset-detail-page'));
const SurveysPage = lazy(() => import('../features/surveys/surveys-page'));
const ReportsPage = lazy(() => import('../features/reports/reports-page'));
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page'));
const ActionPlansPage = lazy(() => import('../features/action-plans/action-plans-page'));
const CycleResultsPage = lazy(() => import('../features/surveys/cycle-results-page'));
const SettingsPage = lazy(() => import('../features/settings/settings-page'));

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    const target = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <>{children}</>;
}

function RequirePermission({ permission, children }: { permission: UiPermission; children: ReactNode }) {
  const { user } = useAuth();
  if (!user || !can(user.role, permission)) return <NotAllowedPage />;
  return <>{children}</>;
}

/** Before the first organisation exists, every page leads to the setup. */
function SetupGate({ children }: { children: ReactNode }) {
  const { needsSetup } = useAuth();
  const location = useLocation();
  if (needsSetup && location.pathname !== '/setup') return <Navigate to="/setup" replace />;
  return <>{children}</>;
}

function SetupRoute() {
  const { needsSetup, user } = useAuth();
  if (!needsSetup) return <Navigate to={user ? '/' : '/login'} replace />;
  return <SetupPage />;
}

export function AppRoutes() {
  const { ready, startError, retryStart } = useAuth();
  if (!ready) return <PageLoader />;
  if (startError) return <StartError error={startError} onRetry={retryStart} />;
  return (
    <SetupGate>
      <Suspense fallback={<PageLoader />}>
        <Routes>
          <Route element={<PublicLayout />}>
            <Route path="/setup" element={<SetupRoute />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/forgot" element={<ForgotPage />} />
            <Route path="/reset/:token" element={<ResetPage />} />
            <Route path="/invite/:token" element={<InvitePage />} />
          </Route>
          <Route
            element={
              <RequireSignedIn>
                <Shell />
              </RequireSignedIn>
            }
          >
            <Route index element={<HomePage />} />
            <Route
              path="people"
              element={
                <RequirePermission permission="people.read">
                  <PeoplePage />
                </RequirePermission>
              }
            />
            <Route
              path="people/import"
              element={
                <RequirePermission permission="people.manage">
                  <PeopleImportPage />
                </RequirePermission>
              }
            />
            <Route path="requests" element={<RequestsPage />} />
            <Route
              path="requests/new"
              element={
                <RequirePermission permission="requests.file">
                  <NewRequestPage />
                </RequirePermission>
              }
            />
            <Route path="requests/:id" element={<RequestDetailPage />} />
            <Route
              path="library"
              element={
                <RequirePermission permission="assets.read">
                  <AssetsPage />
                </RequirePermission>
              }
            />
            <Route
              path="library/:id"
              element={
                <RequirePermission permission="assets.read">
                  <AssetDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="surveys"
              element={
                <RequirePermission permission="surveys.read">
                  <SurveysPage />
                </RequirePermission>
              }
            />
            <Route
              path="surveys/:id"
              element={
                <RequirePermission permission="surveys.read">
                  <CycleResultsPage />
                </RequirePermission>
              }
            />
            <Route
              path="reports"
              element={
                <RequirePermission permission="reports.read">
                  <ReportsPage />
                </RequirePermission>
              }
            />
            <Route
              path="dashboard"
              element={
                <RequirePermission permission="dashboard.read">
                  <DashboardPage />
                </RequirePermission>
              }
            />
            <Route
              path="action-plans"
              element={
                <RequirePermission permission="action_plans.read">
                  <ActionPlansPage />
                </RequirePermission>
              }
            />
            <Route
              path="settings/:tab?"
              element={
                <RequirePermission permission="sla.manage">
                  <SettingsPage />
                </RequirePermission>
              }
            />
            <Route path="teams" element={<TeamsPage />} />
            <Route path="accounts" element={<AccountsPage />} />
            <Route
              path="accounts/import"
              element={
                <RequirePermission permission="accounts.manage">
                  <AccountsImportPage />
                </RequirePermission>
              }
            />
            <Route
              path="audit"
              element={
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route
              path="outbox"
              element={
                <RequirePermission permission="outbox.read">
                  <OutboxPage />
                </RequirePermission>
              }
            />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </SetupGate>
  );
}
