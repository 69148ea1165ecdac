import { ACCEPTED_UPLOAD_TYPES, type SpaConfig, uploadRefusal } from "@imgpipe/core/browser";
import { useCallback, useMemo, useState } from "react";
import { ImagesApi } from "../api/imagesApi.js";
import type { postUpload } from "../api/postUpload.js";
import { SignInScreen } from "../auth/SignInScreen.js";
import type { Session, SignIn } from "../auth/session.js";
import { ImageDetail } from "../detail/ImageDetail.js";
import { Gallery } from "../gallery/Gallery.js";
import { TransformsContext } from "../gallery/transforms.js";
import { useGallery } from "../gallery/useGallery.js";
import { UploadPanel } from "../upload/UploadPanel.js";
import { useUploads } from "../upload/useUploads.js";
import { navigate, useRoute } from "./router.js";
import { useOnline } from "./useOnline.js";

export interface AppProps {
  config: SpaConfig;
  signIn: SignIn;
  /** The session found at start (a reload, or the redirect back from the issuer). */
  initialSession: Session | undefined;
  /** Why the redirect back from the issuer did not sign anyone in, if it did not. */
  signInError?: string;
  /** The API client; by default one for `config.apiEndpoint`. */
  api?: ImagesApi;
  /** Sends a file to its presigned POST; tests replace the browser's XMLHttpRequest. */
  send?: typeof postUpload;
}

/** The app: sign-in until there is a session, then uploads, the gallery and the detail view. */
export function App(props: AppProps) {
  const [session, setSession] = useState(props.initialSession);
  const online = useOnline();
  const signOut = async () => {
    await props.signIn.signOut();
    setSession(undefined);
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="masthead">
        <h1>imgpipe</h1>
        {session && (
          <p className="user">
            <span>Signed in as {session.userName}</span>{" "}
            <button type="button" className="button button--quiet" onClick={signOut}>
              Sign out
            </button>
          </p>
        )}
      </header>
      {!online && (
        <p className="banner" role="status">
          You are offline. Uploads and the gallery continue when the connection is back.
        </p>
      )}
      <main id="main">
        {session ? (
          <SignedIn {...props} onSessionEnded={() => setSession(undefined)} />
        ) : (
          <SignInScreen
            signIn={props.signIn}
            environment={props.config.environment}
            onSignedIn={setSession}
            {...(props.signInError && { initialError: props.signInError })}
          />
        )}
      </main>
    </>
  );
}

function SignedIn(props: AppProps & { onSessionEnded: () => void }) {
  const { config, signIn } = props;
  const api = useMemo(
    () =>
      props.api ??
      new ImagesApi({ endpoint: config.apiEndpoint, accessToken: () => signIn.accessToken() }),
    [props.api, config.apiEndpoint, signIn],
  );
  const gallery = useGallery(api);
  // The API's own rule and sentence, so the browser refuses exactly what it would.
  const refusal = useCallback(
    (file: File) =>
      uploadRefusal({ contentType: file.type, bytes: file.size }, config.maxUploadBytes)?.message,
    [config.maxUploadBytes],
  );
  const uploads = useUploads({
    api,
    refusal,
    onSettled: gallery.upsert,
    ...(props.send && { send: props.send }),
  });
  const route = useRoute();
  const backToGallery = useCallback(() => navigate("/"), []);
  const deleted = useCallback(
    (imageId: string) => {
      gallery.remove(imageId);
      navigate("/", { replace: true });
    },
    [gallery.remove],
  );
  if (gallery.error?.status === 401) {
    return (
      <div className="state state--error" role="alert">
        <p>{gallery.error.message}</p>
        <button type="button" className="button" onClick={props.onSessionEnded}>
          Sign in again
        </button>
      </div>
    );
  }
  return (
    <TransformsContext value={config.transforms}>
      <UploadPanel
        queue={uploads.queue}
        accept={ACCEPTED_UPLOAD_TYPES}
        maxUploadBytes={config.maxUploadBytes}
        onFiles={uploads.add}
        onDismiss={uploads.dismiss}
        onClearFinished={uploads.clearFinished}
      />
      {route.screen === "image" ? (
        <ImageDetail
          key={route.imageId}
          api={api}
          imageId={route.imageId}
          known={gallery.images.find((image) => image.id === route.imageId)}
          onClose={backToGallery}
          onDeleted={deleted}
        />
      ) : (
        <Gallery {...gallery} />
      )}
    </TransformsContext>
  );
}
