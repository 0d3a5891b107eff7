import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { lazy, Suspense } from 'react';
import { ApiError } from './api/client';
import { RequireAuth } from './auth/RequireAuth';
import { HomeRedirect, NotFoundPage, RequirePermission } from './layout/RouteGuards';
import { LoginPage } from './pages/LoginPage';
import { consoleModules } from './modules';
import { FullPageSpin } from './components/FullPageSpin';

// Loaded on its own: the big screen carries ECharts, which no console page needs up front.
const BigScreenPage = lazy(() => import('./pages/screen/BigScreenPage').then((m) => ({ default: m.BigScreenPage })));
// A review shared by link: read-only, no sign-in; also what the PDF export prints.
const SharedReviewPage = lazy(() => import('./pages/review/SharedReviewPage').then((m) => ({ default: m.SharedReviewPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; network blips and 5xx get one more try.
      retry: (failureCount, error) =>
        failureCount < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1664ff',
    colorLink: '#1664ff',
    borderRadius: 6,
    colorBgLayout: '#f4f5f7',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' },
    Menu: { itemBorderRadius: 6, itemHeight: 38, itemSelectedBg: '#eef3ff' },
    Table: { headerBg: '#f7f8fa', headerColor: '#4e5969', cellPaddingBlockSM: 8 },
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* The 数据大屏 is full-window, outside the console's shell; it checks the sign-in itself. */}
              <Route
                path="/screen/:sessionId"
                element={
                  <Suspense fallback={<FullPageSpin />}>
                    <BigScreenPage />
                  </Suspense>
                }
              />
              <Route
                path="/share/reviews/:token"
                element={
                  <Suspense fallback={<FullPageSpin />}>
                    <SharedReviewPage />
                  </Suspense>
                }
              />
              <Route element={<RequireAuth />}>
                <Route index element={<HomeRedirect />} />
                {consoleModules.flatMap((module) => [
                  <Route key={module.path} path={module.path} element={<RequirePermission module={module} />} />,
                  ...(module.subpages ?? []).map((subpage) => (
                    <Route
                      key={`${module.path}/${subpage.path}`}
                      path={`${module.path}/${subpage.path}`}
                      element={<RequirePermission module={module} page={subpage.page} />}
                    />
                  )),
                ])}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
